-- Normalised features on a 0-5 scale (from the data's own min and max) and
-- quintile scores 1-5 that never split ties, then the named RFM segment
-- of the (r_score, f_score) cell (rfm_segment_rules).
-- f_score falls back to fixed bins (1, 2, 3, 4, 5+ purchases) when the
-- quintiles give fewer than 3 distinct scores: the rule of
-- rfm_frequency_rule (R__22), decided here from the same ranks so that
-- customer_rfm is computed once per refresh (test/sql/rfm.test.ts holds the
-- two to the same answer).
-- A recency or frequency rank is one plus the customers with a value
-- before it, counted per distinct value (a few hundred days, a few
-- purchase counts) instead of sorting every customer; monetary has about
-- one value per customer and keeps its window.
-- Grain: one row per customer_unique_id.

drop view if exists public.customer_rfm_scores cascade;

create view public.customer_rfm_scores as

with

rfm as (
    select * from public.customer_rfm
),

segment_rules as (
    select * from public.rfm_segment_rules
),

bounds as (
    select
        min(recency_days) as min_recency, max(recency_days) as max_recency,
        min(frequency) as min_frequency, max(frequency) as max_frequency,
        min(monetary) as min_monetary, max(monetary) as max_monetary,
        count(*) as count_customers
    from rfm
),

recency_ranks as (
    select
        recency_days,
        1 + cast(coalesce(sum(count(*)) over (
            order by recency_days desc rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as recency_rank
    from rfm
    group by recency_days
),

frequency_ranks as (
    select
        frequency,
        1 + cast(coalesce(sum(count(*)) over (
            order by frequency rows between unbounded preceding and 1 preceding
        ), 0) as bigint) as frequency_rank
    from rfm
    group by frequency
),

ranked as (
    select
        rfm.*,
        bounds.*,
        recency_ranks.recency_rank,
        frequency_ranks.frequency_rank,
        rank() over (order by rfm.monetary) as monetary_rank
    from rfm
    cross join bounds
    inner join recency_ranks
        on rfm.recency_days = recency_ranks.recency_days
    inner join frequency_ranks
        on rfm.frequency = frequency_ranks.frequency
),

---------- rfm_frequency_rule's decision, from these ranks: every purchase
---------- count is some customer's, so its rank gives the quintiles customers
---------- get (and ranked, read once, is never held whole)
frequency_quintiles as (
    select distinct
        least(5, 1 + (5 * (frequency_ranks.frequency_rank - 1)) / bounds.count_customers)
            as f_quintile
    from frequency_ranks
    cross join bounds
),

frequency_rule as (
    select
        case when count(*) < 3 then 'fixed_bins' else 'quintiles' end
            as frequency_rule
    from frequency_quintiles
),

scored as (
    select
        customer_unique_id,
        as_of_date,
        last_purchase_date,
        recency_days,
        frequency,
        monetary,
        total_spend,

        ---------- normalised, 0 when every customer has the same value
        case when max_recency = min_recency then 0.0
            else 5.0 * cast(recency_days - min_recency as double precision)
                / (max_recency - min_recency) end as recency_n,
        case when max_frequency = min_frequency then 0.0
            else 5.0 * cast(frequency - min_frequency as double precision)
                / (max_frequency - min_frequency) end as frequency_n,
        -- Clamped: a sum of amounts can differ in its last bit between the scan
        -- that finds the bounds and the customer's own row (5.000000000000001).
        case when max_monetary = min_monetary then 0.0
            else greatest(0.0, least(5.0, 5.0 * (monetary - min_monetary)
                / (max_monetary - min_monetary))) end as monetary_n,

        ---------- scores: rank-based quintiles, integer arithmetic
        least(5, 1 + (5 * (recency_rank - 1)) / count_customers) as r_score,
        case
            when frequency_rule = 'fixed_bins' then least(5, frequency)
            else least(5, 1 + (5 * (frequency_rank - 1)) / count_customers)
        end as f_score,
        least(5, 1 + (5 * (monetary_rank - 1)) / count_customers) as m_score
    from ranked
    cross join frequency_rule
),

segmented as (
    select
        scored.*,
        segment_rules.segment
    from scored
    inner join segment_rules
        on scored.r_score = segment_rules.r_score
        and scored.f_score = segment_rules.f_score
)

select * from segmented
with no schema binding;
