-- Scoring: every customer with the nearest centroid of the active model
-- version and the Euclidean distance to it (ties go to the lower cluster
-- id). Customers have no cluster until a model is active. Reads the stored
-- features (see sql/refresh/).

drop view if exists public.customer_segments cascade;

create view public.customer_segments as

with

scores as (
    select * from public.customer_features
),

active_centroids as (
    select segment_centroids.*
    from public.segment_centroids
    inner join public.segment_models
        on segment_centroids.model_version = segment_models.model_version
    where segment_models.is_active
),

distances as (
    select
        scores.customer_unique_id,
        active_centroids.model_version,
        active_centroids.cluster_id,
        sqrt(
            power(scores.recency_n - active_centroids.recency_n, 2)
            + power(scores.frequency_n - active_centroids.frequency_n, 2)
            + power(scores.monetary_n - active_centroids.monetary_n, 2)
        ) as distance
    from scores
    cross join active_centroids
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
    nearest.distance
from scores
left join nearest
    on scores.customer_unique_id = nearest.customer_unique_id
    and nearest.distance_rank = 1
with no schema binding;
