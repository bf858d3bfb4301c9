-- One row per transaction (customer_id, transaction_id): its rows netted.
-- Rows whose status is in excluded_statuses are left out of the sums; a
-- refund is a negative row sharing its purchase's transaction_id.
--   occurred_at        the earliest counted row's time
--   amount             the counted rows' sum (null when none is counted)
--   count_rows         rows of the transaction
--   count_status_rows  rows left out for their status
--   count_purchases    counted rows with a positive amount
--   count_refunds      counted rows with a negative amount

drop view if exists public.order_values cascade;
drop view if exists public.transaction_totals cascade;

create view public.transaction_totals as

with

transactions as (
    select * from public.transactions
),

excluded_statuses as (
    select * from public.excluded_statuses
),

flagged as (
    select
        transactions.customer_id,
        transactions.transaction_id,
        transactions.occurred_at,
        transactions.amount,
        excluded_statuses.status is not null as is_excluded_status
    from transactions
    left join excluded_statuses
        on transactions.status = excluded_statuses.status
),

totals as (
    select
        customer_id,
        transaction_id,
        min(case when not is_excluded_status then occurred_at end)
            as occurred_at,
        sum(case when not is_excluded_status then amount end) as amount,
        count(*) as count_rows,
        sum(case when is_excluded_status then 1 else 0 end)
            as count_status_rows,
        sum(case when not is_excluded_status and amount > 0 then 1 else 0 end)
            as count_purchases,
        sum(case when not is_excluded_status and amount < 0 then 1 else 0 end)
            as count_refunds
    from flagged
    group by customer_id, transaction_id
)

select * from totals
with no schema binding;
