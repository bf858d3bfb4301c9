-- One row per transaction left out of eligible_transactions, and why:
--   excluded status   every row has a status in source.excludeStatuses
--   refunded in full  a purchase whose refunds net it to zero or less
--   refund only       refund rows without a purchase sharing their id
--   zero amount       rows that add up to exactly zero, none positive (and
--                     not counted as a purchase by source_settings)
-- transaction_totals decides, with one rule for this view and
-- eligible_transactions.

drop view if exists public.transaction_exclusions cascade;

create view public.transaction_exclusions as

with

transaction_totals as (
    select * from public.transaction_totals
),

excluded as (
    select
        customer_id,
        transaction_id,
        exclusion_reason as reason,
        count_rows
    from transaction_totals
    where exclusion_reason is not null
)

select * from excluded
with no schema binding;
