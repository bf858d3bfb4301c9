-- recency_days must be at least 1: an asOf date earlier than a customer's
-- last purchase makes the features meaningless.
select
    customer_unique_id,
    last_purchase_date,
    as_of_date,
    recency_days
from public.customer_features
where recency_days < 1
