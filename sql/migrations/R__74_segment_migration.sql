-- Where customers moved between the previous and the current snapshot
-- (segment_snapshots, the two latest as-of dates): one row per pair of
-- segments with the customers that went from the one to the other.
-- A customer first seen in the current snapshot comes from '(new)'; one
-- missing from it goes to '(gone)'. No rows until two snapshots exist.

drop view if exists public.segment_migration cascade;

create view public.segment_migration as

with

snapshots as (
    select * from public.segment_snapshots
),

snapshot_dates as (
    select
        as_of_date,
        row_number() over (order by as_of_date desc) as date_rank
    from (select distinct as_of_date from snapshots) as dates
),

dates as (
    select
        max(case when date_rank = 2 then as_of_date end) as previous_as_of_date,
        max(case when date_rank = 1 then as_of_date end) as current_as_of_date
    from snapshot_dates
    where date_rank <= 2
),

previous_snapshot as (
    select snapshots.customer_unique_id, snapshots.segment
    from snapshots
    inner join dates
        on snapshots.as_of_date = dates.previous_as_of_date
),

current_snapshot as (
    select snapshots.customer_unique_id, snapshots.segment
    from snapshots
    inner join dates
        on snapshots.as_of_date = dates.current_as_of_date
),

moves as (
    select
        coalesce(previous_snapshot.segment, '(new)') as from_segment,
        coalesce(current_snapshot.segment, '(gone)') as to_segment
    from previous_snapshot
    full outer join current_snapshot
        on previous_snapshot.customer_unique_id = current_snapshot.customer_unique_id
),

migration as (
    select
        dates.previous_as_of_date,
        dates.current_as_of_date,
        moves.from_segment,
        moves.to_segment,
        count(*) as count_customers
    from moves
    cross join dates
    where dates.previous_as_of_date is not null
    group by
        dates.previous_as_of_date,
        dates.current_as_of_date,
        moves.from_segment,
        moves.to_segment
)

select * from migration
with no schema binding;
