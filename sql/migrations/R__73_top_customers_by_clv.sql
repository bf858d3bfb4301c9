-- The 20 customers with the highest lifetime value (ties by customer id),
-- with their segment, cluster and RFM values.

drop view if exists public.top_customers_by_clv cascade;

create view public.top_customers_by_clv as

with

segments as (
    select * from public.customer_segments
),

customer_clv as (
    select * from public.customer_clv
),

ranked as (
    select
        customer_clv.customer_unique_id,
        customer_clv.p_alive,
        customer_clv.expected_purchases,
        customer_clv.expected_avg_value,
        customer_clv.clv,
        row_number() over (
            order by customer_clv.clv desc, customer_clv.customer_unique_id
        ) as clv_rank
    from customer_clv
),

top_customers as (
    select
        ranked.clv_rank,
        ranked.customer_unique_id,
        segments.segment,
        segments.cluster,
        segments.cluster_name,
        segments.recency_days,
        segments.frequency,
        segments.total_spend,
        ranked.p_alive,
        ranked.expected_purchases,
        ranked.expected_avg_value,
        ranked.clv
    from ranked
    inner join segments
        on ranked.customer_unique_id = segments.customer_unique_id
    where ranked.clv_rank <= 20
)

select * from top_customers
with no schema binding;
