-- Orders whose customer_id is not in customers: they would vanish from RFM.
select
    orders.order_id,
    orders.customer_id
from public.orders
left join public.customers
    on orders.customer_id = customers.customer_id
where customers.customer_id is null
