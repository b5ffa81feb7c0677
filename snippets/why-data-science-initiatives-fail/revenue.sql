-- Per plan: what the CRM says customers owe (their fee for every billed month since signup),
-- against what billing invoiced and what it actually collected.
-- Needs the views `customers` and `invoices` that normalise.sql creates.
WITH months AS (
    SELECT DISTINCT billing_month FROM invoices
),
expected AS (
    SELECT plan, sum(monthly_fee) AS expected
    FROM customers
    JOIN months ON months.billing_month >= date_trunc('month', customers.signup_date)
    GROUP BY plan
),
billed AS (
    SELECT plan, sum(amount) AS invoiced, sum(amount) FILTER (WHERE paid) AS collected
    FROM invoices
    JOIN customers USING (customer_no)
    GROUP BY plan
)
SELECT plan, expected, invoiced, collected, expected - collected AS shortfall
FROM expected
JOIN billed USING (plan)
ORDER BY plan;
