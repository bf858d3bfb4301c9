-- One row per eligible transaction: at least one row not in an excluded
-- status, and a net amount above zero (a purchase not refunded in full),
-- or exactly zero without refunds when source_settings counts those as
-- purchases (transaction_totals decides). transaction_exclusions lists the
-- others, so none is dropped unseen.

drop view if exists public.eligible_transactions cascade;

create view public.eligible_transactions as

with

transaction_totals as (
    select * from public.transaction_totals
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
    where transaction_totals.exclusion_reason is null
)

select * from eligible
with no schema binding;
