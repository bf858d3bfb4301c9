-- One row with the dashboard's headline numbers: customers, eligible
-- orders before the as-of date (the ones RFM counts), their revenue and
-- average order value, the customers' total and average lifetime value
-- (null until a fit has scored them), the as-of date, and the active
-- model version with its k (null until a model is active).
-- Customers and the as-of date come from the stored features (see
-- sql/refresh/), the same customers customer_rfm computes, without
-- recomputing them.

drop view if exists public.dashboard_kpis cascade;

create view public.dashboard_kpis as

with

eligible_transactions as (
    select * from public.eligible_transactions
),

as_of as (
    select * from public.rfm_as_of
),

customer_features as (
    select * from public.customer_features
),

segment_models as (
    select * from public.segment_models
),

customer_clv as (
    select * from public.customer_clv
),

---------- the purchases RFM counts: before the as-of date
order_totals as (
    select
        count(*) as count_orders,
        cast(sum(eligible_transactions.amount) as double precision) as total_revenue
    from eligible_transactions
    cross join as_of
    where eligible_transactions.purchase_date < as_of.as_of_date
),

customer_totals as (
    select
        count(*) as count_customers,
        max(as_of_date) as as_of_date
    from customer_features
),

clv_totals as (
    select
        sum(customer_clv.clv) as total_clv,
        avg(customer_clv.clv) as avg_clv
    from customer_clv
    inner join customer_features
        on customer_clv.customer_unique_id = customer_features.customer_unique_id
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
        clv_totals.total_clv,
        clv_totals.avg_clv,
        active_model.model_version,
        active_model.k
    from customer_totals
    cross join order_totals
    cross join clv_totals
    cross join active_model
)

select * from kpis
with no schema binding;
