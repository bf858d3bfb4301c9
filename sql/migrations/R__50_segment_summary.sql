-- One row per named RFM segment: size, revenue and typical values.

drop view if exists public.segment_summary cascade;

create view public.segment_summary as

with

segments as (
    select * from public.customer_segments
),

summary as (
    select
        segment,
        count(*) as count_customers,
        sum(total_spend) as total_revenue,
        avg(cast(recency_days as double precision)) as avg_recency_days,
        avg(cast(frequency as double precision)) as avg_frequency,
        avg(monetary) as avg_monetary
    from segments
    group by segment
)

select * from summary
with no schema binding;
