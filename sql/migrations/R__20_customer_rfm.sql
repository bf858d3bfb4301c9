-- Recency, frequency and monetary value per customer_unique_id, from the
-- eligible purchases before the as-of date (rfm_as_of). Whole days; the
-- last purchase day counts as 1.

drop view if exists public.customer_rfm cascade;

create view public.customer_rfm as

with

eligible_transactions as (
    select * from public.eligible_transactions
),

as_of as (
    select * from public.rfm_as_of
),

customer_orders as (
    select
        eligible_transactions.customer_unique_id,
        max(eligible_transactions.purchase_date) as last_purchase_date,
        -- eligible_transactions has one row per (customer, transaction):
        -- counting rows counts distinct transactions, without a distinct
        -- aggregate's second hash table.
        count(*) as frequency,
        sum(eligible_transactions.amount) as total_spend
    from eligible_transactions
    cross join as_of
    where eligible_transactions.purchase_date < as_of.as_of_date
    group by eligible_transactions.customer_unique_id
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
