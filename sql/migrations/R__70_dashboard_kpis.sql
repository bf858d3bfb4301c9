-- One row with the dashboard's headline numbers: customers, eligible
-- orders, revenue and average order value, the as-of date, and the
-- active model version with its k (null until a model is active).
-- Customers and the as-of date come from the stored features (see
-- sql/refresh/), the same customers customer_rfm computes, without
-- recomputing them.

drop view if exists public.dashboard_kpis cascade;

create view public.dashboard_kpis as

with

eligible_transactions as (
    select * from public.eligible_transactions
),

customer_features as (
    select * from public.customer_features
),

segment_models as (
    select * from public.segment_models
),

order_totals as (
    select
        count(*) as count_orders,
        cast(sum(amount) as double precision) as total_revenue
    from eligible_transactions
),

customer_totals as (
    select
        count(*) as count_customers,
        max(as_of_date) as as_of_date
    from customer_features
),

active_model as (
    select
        max(model_version) as model_version,
        max(k) as k
    from segment_models
    where is_active
),

kpis as (
    select
        customer_totals.as_of_date,
        customer_totals.count_customers,
        order_totals.count_orders,
        coalesce(order_totals.total_revenue, 0.0) as total_revenue,
        case when order_totals.count_orders = 0 then 0.0
            else order_totals.total_revenue / order_totals.count_orders
        end as avg_order_value,
        active_model.model_version,
        active_model.k
    from customer_totals
    cross join order_totals
    cross join active_model
)

select * from kpis
with no schema binding;
