-- One row per eligible transaction: at least one row not in an excluded
-- status, and a net amount above zero (a purchase not refunded in full),
-- or exactly zero without refunds when source_settings counts those as
-- purchases. transaction_exclusions lists the others, so none is dropped
-- unseen.

drop view if exists public.eligible_transactions cascade;

create view public.eligible_transactions as

with

transaction_totals as (
    select * from public.transaction_totals
),

source_settings as (
    select * from public.source_settings
),

eligible as (
    select
        ----------  ids
        transaction_id,
        customer_id as customer_unique_id,

        ---------- timestamps
        occurred_at as purchased_at,
        cast(occurred_at as date) as purchase_date,

        ---------- numerics
        amount
    from transaction_totals
    cross join source_settings
    where transaction_totals.amount > 0
        or (
            transaction_totals.amount = 0
            and transaction_totals.count_refunds = 0
            and source_settings.zero_amount_purchases
        )
)

select * from eligible
with no schema binding;
