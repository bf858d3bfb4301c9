-- Recency, frequency and monetary value per customer_unique_id, as of
-- rfm_settings.as_of_date or, when unset, the day after the latest
-- eligible purchase. Whole days; the last purchase day counts as 1.

drop view if exists public.customer_rfm cascade;

create view public.customer_rfm as

with

order_values as (
    select * from public.order_values
),

settings as (
    select * from public.rfm_settings
),

latest_purchase as (
    select max(purchase_date) + 1 as default_as_of_date
    from order_values
),

as_of as (
    select coalesce(settings.as_of_date, latest_purchase.default_as_of_date)
        as as_of_date
    from latest_purchase
    cross join settings
),

customer_orders as (
    select
        customer_unique_id,
        max(purchase_date) as last_purchase_date,
        count(distinct order_id) as frequency,
        sum(order_value) as total_spend
    from order_values
    group by customer_unique_id
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
