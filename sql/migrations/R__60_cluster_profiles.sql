-- One row per cluster of the active model: its generated name, its
-- centroid in the clustered space (<feature>_scaled, null for a feature the
-- model does not cluster) and in real units (centroid_recency_days,
-- centroid_frequency, centroid_monetary), and the raw RFM values of the
-- customers assigned to it.

drop view if exists public.cluster_profiles cascade;

create view public.cluster_profiles as

with

segments as (
    select * from public.customer_segments
    where cluster is not null
),

active_model as (
    select model_version, scaling
    from public.segment_models
    where is_active
),

centroids as (
    select
        segment_centroid_values.model_version,
        segment_centroid_values.cluster_id,
        max(case when feature = 'recency' then value end) as recency_scaled,
        max(case when feature = 'frequency' then value end) as frequency_scaled,
        max(case when feature = 'monetary' then value end) as monetary_scaled,
        max(case when feature = 'recency' then real_value end) as centroid_recency_days,
        max(case when feature = 'frequency' then real_value end) as centroid_frequency,
        max(case when feature = 'monetary' then real_value end) as centroid_monetary
    from public.segment_centroid_values
    inner join active_model
        on segment_centroid_values.model_version = active_model.model_version
    group by segment_centroid_values.model_version, segment_centroid_values.cluster_id
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
        segment_clusters.cluster_name,
        active_model.scaling,
        centroids.recency_scaled,
        centroids.frequency_scaled,
        centroids.monetary_scaled,
        centroids.centroid_recency_days,
        centroids.centroid_frequency,
        centroids.centroid_monetary,
        coalesce(members.count_customers, 0) as count_customers,
        members.total_revenue,
        members.avg_recency_days,
        members.avg_frequency,
        members.avg_monetary,
        members.avg_distance
    from centroids
    inner join active_model
        on centroids.model_version = active_model.model_version
    left join public.segment_clusters
        on centroids.model_version = segment_clusters.model_version
        and centroids.cluster_id = segment_clusters.cluster_id
    left join members
        on centroids.cluster_id = members.cluster
)

select * from profiles
with no schema binding;
