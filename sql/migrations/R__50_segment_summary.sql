-- One row per named RFM segment, all ten of them (an empty segment has 0
-- customers): size and share, revenue and share of revenue, purchases,
-- typical recency and order value, and the customers' lifetime value
-- (null until a lifetime-value fit has scored them).

drop view if exists public.segment_summary cascade;

create view public.segment_summary as

with

features as (
    select * from public.customer_features
),

customer_clv as (
    select * from public.customer_clv
),

segment_rules as (
    select * from public.rfm_segment_rules
),

---------- the ten segments, in display order
segment_list as (
    select distinct
        segment,
        segment_order
    from segment_rules
),

customers as (
    select
        features.segment,
        features.recency_days,
        features.frequency,
        features.monetary,
        features.total_spend,
        customer_clv.clv
    from features
    left join customer_clv
        on features.customer_unique_id = customer_clv.customer_unique_id
),

per_segment as (
    select
        segment,
        count(*) as count_customers,
        sum(total_spend) as total_revenue,
        sum(frequency) as total_purchases,
        avg(cast(recency_days as double precision)) as avg_recency_days,
        avg(cast(frequency as double precision)) as avg_frequency,
        avg(monetary) as avg_monetary,
        avg(clv) as avg_clv,
        sum(clv) as total_clv
    from customers
    group by segment
),

totals as (
    select
        count(*) as all_customers,
        sum(total_spend) as all_revenue
    from customers
),

summary as (
    select
        segment_list.segment,
        segment_list.segment_order,
        coalesce(per_segment.count_customers, 0) as count_customers,
        case when totals.all_customers = 0 then 0.0
            else cast(coalesce(per_segment.count_customers, 0) as double precision)
                / totals.all_customers end as share_customers,
        coalesce(per_segment.total_revenue, 0.0) as total_revenue,
        case when coalesce(totals.all_revenue, 0.0) = 0 then 0.0
            else coalesce(per_segment.total_revenue, 0.0) / totals.all_revenue
        end as share_revenue,
        coalesce(per_segment.total_purchases, 0) as total_purchases,
        per_segment.avg_recency_days,
        per_segment.avg_frequency,
        per_segment.avg_monetary,
        case when coalesce(per_segment.total_purchases, 0) = 0 then null
            else per_segment.total_revenue / per_segment.total_purchases
        end as avg_order_value,
        per_segment.avg_clv,
        case when per_segment.segment is null then 0.0
            else per_segment.total_clv end as total_clv
    from segment_list
    cross join totals
    left join per_segment
        on segment_list.segment = per_segment.segment
)

select * from summary
with no schema binding;
