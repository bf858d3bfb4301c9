-- One row per eligible order: not canceled or unavailable, with at least
-- one payment row. The order's value is the sum of all its payments
-- (an order may be paid with a voucher and a card).

drop view if exists public.order_values cascade;

create view public.order_values as

with

orders as (
    select * from public.orders
),

customers as (
    select * from public.customers
),

payments as (
    select * from public.payments
),

order_payments as (
    select
        order_id,
        count(*) as count_payments,
        sum(payment_value) as order_value
    from payments
    group by order_id
),

eligible_orders as (
    select
        ----------  ids
        orders.order_id,
        customers.customer_unique_id,

        ---------- timestamps
        orders.order_purchase_timestamp as purchased_at,
        cast(orders.order_purchase_timestamp as date) as purchase_date,

        ---------- numerics
        order_payments.count_payments,
        order_payments.order_value
    from orders
    inner join customers
        on orders.customer_id = customers.customer_id
    inner join order_payments
        on orders.order_id = order_payments.order_id
    where orders.order_status not in ('canceled', 'unavailable')
)

select * from eligible_orders
with no schema binding;
