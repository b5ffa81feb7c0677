-- Every row only one source knows about, or where the two sources disagree.
-- Needs the views `customers` and `invoices` that normalise.sql creates.
WITH matched AS (
    SELECT * FROM invoices JOIN customers USING (customer_no)
),
problems AS (
    SELECT 'in CRM, never invoiced' AS issue, customer_no
    FROM customers WHERE customer_no NOT IN (SELECT customer_no FROM invoices)
    UNION ALL
    SELECT 'invoiced, unknown to CRM', customer_no
    FROM invoices WHERE customer_no NOT IN (SELECT customer_no FROM customers)
    UNION ALL
    SELECT 'amount differs from CRM fee', customer_no
    FROM matched WHERE amount <> monthly_fee
    UNION ALL
    SELECT 'invoiced before signup', customer_no
    FROM matched WHERE billing_month < date_trunc('month', signup_date)
)
SELECT
    issue,
    count(*) AS num_rows,
    count(DISTINCT customer_no) AS customers,
    list_sort(list(DISTINCT customer_no))[:4] AS first_customer_nos
FROM problems
GROUP BY issue
ORDER BY issue;
