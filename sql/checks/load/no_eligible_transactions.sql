-- A load must leave at least one eligible transaction: with none, there is
-- no customer to score. transaction_exclusions says why each was left out.
-- The transactions are counted only when none is eligible: counting
-- distinct ids is the dearest part of the check at ten million rows.

with

eligible as (
    select count(*) as eligible
    from public.eligible_transactions
),

loaded as (
    select
        count(distinct transaction_id) as transactions,
        count(*) as rows_loaded
    from public.transactions
    where (select eligible from eligible) = 0
)

select
    loaded.transactions,
    loaded.rows_loaded
from loaded
cross join eligible
where eligible.eligible = 0
