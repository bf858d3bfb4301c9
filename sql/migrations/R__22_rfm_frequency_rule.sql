-- One row: which rule scores frequency. Rank quintiles (as for recency and
-- monetary) unless they give fewer than 3 distinct scores over all
-- customers, as when most customers buy once (Olist: 97%, only 1 and 5
-- occur); then fixed bins: f_score = least(frequency, 5).

drop view if exists public.rfm_frequency_rule cascade;

create view public.rfm_frequency_rule as

with

rfm as (
    select * from public.customer_rfm
),

ranked as (
    select
        rank() over (order by frequency) as frequency_rank,
        count(*) over () as count_customers
    from rfm
),

quintiles as (
    select least(5, 1 + (5 * (frequency_rank - 1)) / count_customers) as f_quintile
    from ranked
),

final as (
    select
        count(distinct f_quintile) as quintile_scores,
        case
            when count(distinct f_quintile) < 3 then 'fixed_bins'
            else 'quintiles'
        end as frequency_rule
    from quintiles
)

select * from final
with no schema binding;
