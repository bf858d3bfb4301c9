-- Scoring: every customer with the nearest centroid of the active model
-- version, in that version's own space: each clustered feature read in
-- real units from the stored features (see sql/refresh/), transformed and
-- scaled with the parameters stored for the version
-- (segment_feature_scaling), then the Euclidean distance to each of its
-- centroids (segment_centroid_values), summed in feature order. Ties go to
-- the lower cluster id. Customers have no cluster until a model is active.

drop view if exists public.customer_segments cascade;

create view public.customer_segments as

with

scores as (
    select * from public.customer_features
),

active_model as (
    select model_version
    from public.segment_models
    where is_active
),

active_scaling as (
    select segment_feature_scaling.*
    from public.segment_feature_scaling
    inner join active_model
        on segment_feature_scaling.model_version = active_model.model_version
),

active_centroids as (
    select segment_centroid_values.*
    from public.segment_centroid_values
    inner join active_model
        on segment_centroid_values.model_version = active_model.model_version
),

---------- one row per customer and clustered feature, in real units
real_values as (
    select
        scores.customer_unique_id,
        active_scaling.feature,
        active_scaling.transform,
        active_scaling.method,
        active_scaling.mean_value,
        active_scaling.sd_value,
        active_scaling.min_value,
        active_scaling.max_value,
        case active_scaling.feature
            when 'recency' then cast(scores.recency_days as double precision)
            when 'frequency' then cast(scores.frequency as double precision)
            when 'monetary' then cast(scores.monetary as double precision)
        end as real_value
    from scores
    cross join active_scaling
),

---------- the same arithmetic as segmentation/scaling.ts
scaled as (
    select
        customer_unique_id,
        feature,
        case
            when method = 'min-max' then
                case when max_value = min_value then 0.0
                    else 5.0 * (real_value - min_value) / (max_value - min_value) end
            when sd_value = 0 then 0.0
            when transform = 'log1p' then (ln(1.0 + real_value) - mean_value) / sd_value
            else (real_value - mean_value) / sd_value
        end as scaled_value
    from real_values
),

---------- squared differences per feature, kept apart so they add up in a fixed order
differences as (
    select
        scaled.customer_unique_id,
        active_centroids.model_version,
        active_centroids.cluster_id,
        max(case when scaled.feature = 'recency'
            then power(scaled.scaled_value - active_centroids.value, 2) end) as recency_d2,
        max(case when scaled.feature = 'frequency'
            then power(scaled.scaled_value - active_centroids.value, 2) end) as frequency_d2,
        max(case when scaled.feature = 'monetary'
            then power(scaled.scaled_value - active_centroids.value, 2) end) as monetary_d2
    from scaled
    inner join active_centroids
        on scaled.feature = active_centroids.feature
    group by
        scaled.customer_unique_id,
        active_centroids.model_version,
        active_centroids.cluster_id
),

distances as (
    select
        customer_unique_id,
        model_version,
        cluster_id,
        sqrt(
            coalesce(recency_d2, 0.0)
            + coalesce(frequency_d2, 0.0)
            + coalesce(monetary_d2, 0.0)
        ) as distance
    from differences
),

nearest as (
    select
        customer_unique_id,
        model_version,
        cluster_id,
        distance,
        row_number() over (
            partition by customer_unique_id
            order by distance, cluster_id
        ) as distance_rank
    from distances
)

select
    scores.*,
    nearest.model_version,
    nearest.cluster_id as cluster,
    segment_clusters.cluster_name,
    nearest.distance
from scores
left join nearest
    on scores.customer_unique_id = nearest.customer_unique_id
    and nearest.distance_rank = 1
left join public.segment_clusters
    on nearest.model_version = segment_clusters.model_version
    and nearest.cluster_id = segment_clusters.cluster_id
with no schema binding;
