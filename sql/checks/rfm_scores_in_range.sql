-- Scores are 1-5 and normalised features 0-5 for every customer.
select
    customer_unique_id,
    r_score,
    f_score,
    m_score,
    recency_n,
    frequency_n,
    monetary_n
from public.customer_features
where r_score not between 1 and 5
    or f_score not between 1 and 5
    or m_score not between 1 and 5
    or recency_n not between 0 and 5
    or frequency_n not between 0 and 5
    or monetary_n not between 0 and 5
