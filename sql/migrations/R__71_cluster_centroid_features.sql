-- The active model's centroids in long form, one row per cluster and
-- clustered feature, as a heat map reads them: value in the model's own
-- space, real_value in days, purchases or money, and profile_value in
-- standard deviations from the customers' mean on the log-standard scale
-- (the scale the cluster names come from; null for versions recorded
-- before it was stored).

drop view if exists public.cluster_centroid_features cascade;

create view public.cluster_centroid_features as

with

segment_centroid_values as (
    select * from public.segment_centroid_values
),

segment_feature_scaling as (
    select * from public.segment_feature_scaling
),

segment_models as (
    select * from public.segment_models
),

segment_clusters as (
    select * from public.segment_clusters
),

labelled as (
    select
        segment_centroid_values.model_version,
        segment_centroid_values.cluster_id as cluster,
        segment_clusters.cluster_name,
        segment_feature_scaling.feature_order,
        cast(segment_centroid_values.feature as varchar(32)) as feature,
        segment_centroid_values.value,
        segment_centroid_values.real_value,
        segment_centroid_values.profile_value
    from segment_centroid_values
    inner join segment_models
        on segment_centroid_values.model_version = segment_models.model_version
    inner join segment_feature_scaling
        on segment_centroid_values.model_version = segment_feature_scaling.model_version
        and segment_centroid_values.feature = segment_feature_scaling.feature
    left join segment_clusters
        on segment_centroid_values.model_version = segment_clusters.model_version
        and segment_centroid_values.cluster_id = segment_clusters.cluster_id
    where segment_models.is_active
)

select * from labelled
with no schema binding;
