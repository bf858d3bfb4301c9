-- The stored scores belong to the features they were computed from: a new
-- load empties them in its own transaction, and the score step computes
-- them again from scored_customers (R__40).

delete from public.customer_segments;
