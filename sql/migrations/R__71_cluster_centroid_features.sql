-- The active model's centroids in long form, one row per cluster and
-- feature, as a heat map reads them (the seed's "attribute value by
-- centroid"). Values are on the normalised 0-5 scale.

drop view if exists public.cluster_centroid_features cascade;

create view public.cluster_centroid_features as

with

segment_centroids as (
    select * from public.segment_centroids
),

segment_models as (
    select * from public.segment_models
),

active_centroids as (
    select segment_centroids.*
    from segment_centroids
    inner join segment_models
        on segment_centroids.model_version = segment_models.model_version
    where segment_models.is_active
),

features as (
    select model_version, cluster_id, 1 as feature_order,
        'recency' as feature, recency_n as value
    from active_centroids
    union all
    select model_version, cluster_id, 2 as feature_order,
        'frequency' as feature, frequency_n as value
    from active_centroids
    union all
    select model_version, cluster_id, 3 as feature_order,
        'monetary' as feature, monetary_n as value
    from active_centroids
),

labelled as (
    select
        model_version,
        cluster_id as cluster,
        'cluster ' || cast(cluster_id as varchar(4)) as cluster_name,
        feature_order,
        cast(feature as varchar(16)) as feature,
        value
    from features
)

select * from labelled
with no schema binding;
