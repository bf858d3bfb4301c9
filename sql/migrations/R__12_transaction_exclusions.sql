-- One row per transaction left out of eligible_transactions, and why:
--   excluded status   every row has a status in source.excludeStatuses
--   refunded in full  a purchase whose refunds net it to zero or less
--   refund only       refund rows without a purchase sharing their id
--   zero amount       rows that add up to exactly zero, none positive (and
--                     not counted as a purchase by source_settings)

drop view if exists public.transaction_exclusions cascade;

create view public.transaction_exclusions as

with

transaction_totals as (
    select * from public.transaction_totals
),

source_settings as (
    select * from public.source_settings
),

excluded as (
    select
        customer_id,
        transaction_id,
        case
            when count_status_rows = count_rows then 'excluded status'
            when count_purchases > 0 then 'refunded in full'
            when amount < 0 then 'refund only'
            else 'zero amount'
        end as reason,
        count_rows
    from transaction_totals
    cross join source_settings
    where transaction_totals.count_status_rows = transaction_totals.count_rows
        or transaction_totals.amount < 0
        or (
            transaction_totals.amount = 0
            and not (
                transaction_totals.count_refunds = 0
                and source_settings.zero_amount_purchases
            )
        )
)

select * from excluded
with no schema binding;
