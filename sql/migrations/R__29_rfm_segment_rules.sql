-- The named RFM segments, once: one row per cell of the 5 x 5 grid of
-- recency and frequency scores, with the segment that cell belongs to and
-- the segment's place in display order (best first). customer_rfm_scores
-- reads the segment from here; the dashboard's grid shows every cell.
-- A plain view: it reads no table, and Redshift's late-binding views
-- (WITH NO SCHEMA BINDING) must reference one.

drop view if exists public.rfm_segment_rules cascade;

create view public.rfm_segment_rules as

with

scores as (
    select 1 as score
    union all select 2
    union all select 3
    union all select 4
    union all select 5
),

cells as (
    select
        r.score as r_score,
        f.score as f_score
    from scores as r
    cross join scores as f
),

named as (
    select
        r_score,
        f_score,
        case
            when r_score <= 2 and f_score <= 2 then 'hibernating'
            when r_score <= 2 and f_score <= 4 then 'at_risk'
            when r_score <= 2 then 'cant_lose_them'
            when r_score = 3 and f_score <= 2 then 'about_to_sleep'
            when r_score = 3 and f_score = 3 then 'need_attention'
            when r_score <= 4 and f_score >= 4 then 'loyal_customers'
            when r_score = 4 and f_score = 1 then 'promising'
            when r_score = 5 and f_score = 1 then 'new_customers'
            when f_score <= 3 then 'potential_loyalists'
            else 'champions'
        end as segment
    from cells
),

ordered as (
    select
        r_score,
        f_score,
        segment,
        case segment
            when 'champions' then 1
            when 'loyal_customers' then 2
            when 'potential_loyalists' then 3
            when 'new_customers' then 4
            when 'promising' then 5
            when 'need_attention' then 6
            when 'about_to_sleep' then 7
            when 'cant_lose_them' then 8
            when 'at_risk' then 9
            when 'hibernating' then 10
        end as segment_order
    from named
)

select * from ordered;
