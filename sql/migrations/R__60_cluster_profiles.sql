-- One row per cluster of the active model: its centroid and the raw
-- RFM values of the customers assigned to it.

drop view if exists public.cluster_profiles cascade;

create view public.cluster_profiles as

with

segments as (
    select * from public.customer_segments
    where cluster is not null
),

centroids as (
    select segment_centroids.*
    from public.segment_centroids
    inner join public.segment_models
        on segment_centroids.model_version = segment_models.model_version
    where segment_models.is_active
),

members as (
    select
        cluster,
        count(*) as count_customers,
        sum(total_spend) as total_revenue,
        avg(cast(recency_days as double precision)) as avg_recency_days,
        avg(cast(frequency as double precision)) as avg_frequency,
        avg(monetary) as avg_monetary,
        avg(distance) as avg_distance
    from segments
    group by cluster
),

profiles as (
    select
        centroids.model_version,
        centroids.cluster_id as cluster,
        centroids.recency_n,
        centroids.frequency_n,
        centroids.monetary_n,
        coalesce(members.count_customers, 0) as count_customers,
        members.total_revenue,
        members.avg_recency_days,
        members.avg_frequency,
        members.avg_monetary,
        members.avg_distance
    from centroids
    left join members
        on centroids.cluster_id = members.cluster
)

select * from profiles
with no schema binding;
