-- The 5 x 5 grid of recency and frequency scores: every cell, with the
-- segment it belongs to and its customers (0 for an empty cell).

drop view if exists public.segment_grid cascade;

create view public.segment_grid as

with

features as (
    select * from public.customer_features
),

segment_rules as (
    select * from public.rfm_segment_rules
),

per_cell as (
    select
        r_score,
        f_score,
        count(*) as count_customers
    from features
    group by r_score, f_score
),

grid as (
    select
        segment_rules.r_score,
        segment_rules.f_score,
        segment_rules.segment,
        segment_rules.segment_order,
        coalesce(per_cell.count_customers, 0) as count_customers
    from segment_rules
    left join per_cell
        on segment_rules.r_score = per_cell.r_score
        and segment_rules.f_score = per_cell.f_score
)

select * from grid
with no schema binding;
