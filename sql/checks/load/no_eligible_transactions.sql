-- A load must leave at least one eligible transaction: with none, there is
-- no customer to score. transaction_exclusions says why each was left out.
select
    loaded.transactions,
    loaded.rows_loaded
from (
    select
        count(distinct transaction_id) as transactions,
        count(*) as rows_loaded
    from public.transactions
) as loaded
cross join (
    select count(*) as eligible
    from public.eligible_transactions
) as eligible
where eligible.eligible = 0
