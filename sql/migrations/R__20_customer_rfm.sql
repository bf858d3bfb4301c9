-- Recency, frequency and monetary value per customer_unique_id, from the
-- eligible purchases before the as-of date (rfm_as_of). Whole days; the
-- last purchase day counts as 1.

drop view if exists public.customer_rfm cascade;

create view public.customer_rfm as

with

order_values as (
    select * from public.order_values
),

as_of as (
    select * from public.rfm_as_of
),

customer_orders as (
    select
        order_values.customer_unique_id,
        max(order_values.purchase_date) as last_purchase_date,
        count(distinct order_values.order_id) as frequency,
        sum(order_values.order_value) as total_spend
    from order_values
    cross join as_of
    where order_values.purchase_date < as_of.as_of_date
    group by order_values.customer_unique_id
),

rfm as (
    select
        customer_orders.customer_unique_id,
        as_of.as_of_date,
        customer_orders.last_purchase_date,
        datediff(day, customer_orders.last_purchase_date, as_of.as_of_date)
            as recency_days,
        customer_orders.frequency,
        cast(customer_orders.total_spend as double precision)
        / customer_orders.frequency as monetary,
        cast(customer_orders.total_spend as double precision) as total_spend
    from customer_orders
    cross join as_of
)

select * from rfm
with no schema binding;
