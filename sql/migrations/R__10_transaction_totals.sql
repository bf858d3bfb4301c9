-- One row per transaction (customer_id, transaction_id): its rows netted.
-- Rows whose status is in excluded_statuses are left out of the sums; a
-- refund is a negative row sharing its purchase's transaction_id.
--   occurred_at        the earliest counted row's time
--   amount             the counted rows' sum (null when none is counted)
--   count_rows         rows of the transaction
--   count_status_rows  rows left out for their status
--   count_purchases    counted rows with a positive amount
--   count_refunds      counted rows with a negative amount
--   exclusion_reason   null for a transaction RFM and CLV count
--                      (eligible_transactions), else why it is left out
--                      (transaction_exclusions): one rule for both, so
--                      every transaction is in exactly one of them

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

source_settings as (
    select * from public.source_settings
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
),

---------- eligible (null) or the reason it is left out, in this order
classified as (
    select
        totals.*,
        case
            when totals.count_status_rows = totals.count_rows
                then 'excluded status'
            when totals.amount > 0 then null
            when totals.amount = 0
                and totals.count_refunds = 0
                and source_settings.zero_amount_purchases
                then null
            when totals.count_purchases > 0 then 'refunded in full'
            when totals.amount < 0 then 'refund only'
            else 'zero amount'
        end as exclusion_reason
    from totals
    cross join source_settings
)

select * from classified
with no schema binding;
