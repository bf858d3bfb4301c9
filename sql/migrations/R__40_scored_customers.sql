-- Scoring: every customer with the nearest centroid of the active model
-- version, computed when read. The score step copies it into the
-- customer_segments table (V013), which everything downstream reads.
-- Grain: one row per customer_unique_id.
-- Each customer is placed in the active version's own space: each clustered
-- feature read in real units from the stored features (see sql/refresh/),
-- transformed and scaled with the parameters stored for the version
-- (segment_feature_scaling), then the Euclidean distance to each of its
-- centroids (segment_centroid_values), summed in feature order. Ties go to
-- the lower cluster id. Customers have no cluster until a model is active.
-- Parameters and centroids are turned into columns first, so each customer
-- is one row crossed with k centroids (no per-feature rows to regroup); the
-- nearest is found by grouping (a window partitioned by customer would sort
-- all n * k distances).

drop view if exists public.scored_customers cascade;

create view public.scored_customers as

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

---------- the active version's scaling, one column per feature and parameter
params as (
    select
        max(case when feature = 'recency' then transform end) as recency_transform,
        max(case when feature = 'recency' then method end) as recency_method,
        max(case when feature = 'recency' then mean_value end) as recency_mean,
        max(case when feature = 'recency' then sd_value end) as recency_sd,
        max(case when feature = 'recency' then min_value end) as recency_min,
        max(case when feature = 'recency' then max_value end) as recency_max,
        max(case when feature = 'frequency' then transform end) as frequency_transform,
        max(case when feature = 'frequency' then method end) as frequency_method,
        max(case when feature = 'frequency' then mean_value end) as frequency_mean,
        max(case when feature = 'frequency' then sd_value end) as frequency_sd,
        max(case when feature = 'frequency' then min_value end) as frequency_min,
        max(case when feature = 'frequency' then max_value end) as frequency_max,
        max(case when feature = 'monetary' then transform end) as monetary_transform,
        max(case when feature = 'monetary' then method end) as monetary_method,
        max(case when feature = 'monetary' then mean_value end) as monetary_mean,
        max(case when feature = 'monetary' then sd_value end) as monetary_sd,
        max(case when feature = 'monetary' then min_value end) as monetary_min,
        max(case when feature = 'monetary' then max_value end) as monetary_max
    from active_scaling
),

---------- its centroids, one row per cluster (null for a feature it does not cluster)
centroids as (
    select
        model_version,
        cluster_id,
        max(case when feature = 'recency' then value end) as recency_value,
        max(case when feature = 'frequency' then value end) as frequency_value,
        max(case when feature = 'monetary' then value end) as monetary_value
    from active_centroids
    group by model_version, cluster_id
),

---------- every customer in the version's space: the same arithmetic as segmentation/scaling.ts
scaled as (
    select
        scores.customer_unique_id,
        case
            when params.recency_method = 'min-max' then
                case when params.recency_max = params.recency_min then 0.0
                    else 5.0 * (cast(scores.recency_days as double precision) - params.recency_min) / (params.recency_max - params.recency_min) end
            when params.recency_sd = 0 then 0.0
            when params.recency_transform = 'log1p'
                then (ln(1.0 + cast(scores.recency_days as double precision)) - params.recency_mean) / params.recency_sd
            else (cast(scores.recency_days as double precision) - params.recency_mean) / params.recency_sd
        end as recency_scaled,
        case
            when params.frequency_method = 'min-max' then
                case when params.frequency_max = params.frequency_min then 0.0
                    else 5.0 * (cast(scores.frequency as double precision) - params.frequency_min) / (params.frequency_max - params.frequency_min) end
            when params.frequency_sd = 0 then 0.0
            when params.frequency_transform = 'log1p'
                then (ln(1.0 + cast(scores.frequency as double precision)) - params.frequency_mean) / params.frequency_sd
            else (cast(scores.frequency as double precision) - params.frequency_mean) / params.frequency_sd
        end as frequency_scaled,
        case
            when params.monetary_method = 'min-max' then
                case when params.monetary_max = params.monetary_min then 0.0
                    else 5.0 * (cast(scores.monetary as double precision) - params.monetary_min) / (params.monetary_max - params.monetary_min) end
            when params.monetary_sd = 0 then 0.0
            when params.monetary_transform = 'log1p'
                then (ln(1.0 + cast(scores.monetary as double precision)) - params.monetary_mean) / params.monetary_sd
            else (cast(scores.monetary as double precision) - params.monetary_mean) / params.monetary_sd
        end as monetary_scaled
    from scores
    cross join params
),

---------- distance to each centroid, squared differences added in feature order
distances as (
    select
        scaled.customer_unique_id,
        centroids.model_version,
        centroids.cluster_id,
        sqrt(
            coalesce(power(scaled.recency_scaled - centroids.recency_value, 2), 0.0)
            + coalesce(power(scaled.frequency_scaled - centroids.frequency_value, 2), 0.0)
            + coalesce(power(scaled.monetary_scaled - centroids.monetary_value, 2), 0.0)
        ) as distance
    from scaled
    cross join centroids
),

closest as (
    select
        customer_unique_id,
        min(distance) as distance
    from distances
    group by customer_unique_id
),

---------- the centroid at that distance, the lower cluster id on ties
nearest as (
    select
        distances.customer_unique_id,
        distances.model_version,
        min(distances.cluster_id) as cluster_id,
        closest.distance
    from distances
    inner join closest
        on distances.customer_unique_id = closest.customer_unique_id
        and distances.distance = closest.distance
    group by
        distances.customer_unique_id,
        distances.model_version,
        closest.distance
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
left join public.segment_clusters
    on nearest.model_version = segment_clusters.model_version
    and nearest.cluster_id = segment_clusters.cluster_id
with no schema binding;
