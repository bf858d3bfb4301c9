-- Replaces the stored features with what the views compute from the
-- loaded data and rfm_settings. Runs as one transaction after every load.

delete from public.customer_features;

insert into public.customer_features (
    customer_unique_id,
    as_of_date,
    last_purchase_date,
    recency_days,
    frequency,
    monetary,
    total_spend,
    recency_n,
    frequency_n,
    monetary_n,
    r_score,
    f_score,
    m_score,
    segment
)
select
    customer_unique_id,
    as_of_date,
    last_purchase_date,
    recency_days,
    frequency,
    monetary,
    total_spend,
    recency_n,
    frequency_n,
    monetary_n,
    r_score,
    f_score,
    m_score,
    segment
from public.customer_rfm_scores;

analyze public.customer_features;
