-- Reconcile the CRM export with the billing system's invoices. combine_sources.py registers the
-- two tables `crm` and `billing` and runs each named part below on its own.

-- --8<-- [start:naive_join]
-- First attempt: join on the IDs exactly as they arrive ('C00042' in the CRM, 42 in billing).
SELECT count(*) AS matched_invoices
FROM crm
JOIN billing ON crm.customer_id = billing.account_no;
-- --8<-- [end:naive_join]

-- --8<-- [start:naive_text]
-- Second attempt: compare both keys as text. It runs, and matches nothing.
SELECT count(*) AS matched_invoices
FROM crm
JOIN billing ON crm.customer_id = CAST(billing.account_no AS VARCHAR);
-- --8<-- [end:naive_text]

-- --8<-- [start:normalise]
-- Give both sources one key, real dates and one unit of money before joining anything.
CREATE OR REPLACE VIEW customers AS
SELECT
    CAST(ltrim(customer_id, 'C') AS INTEGER) AS customer_no,          -- 'C00042'     -> 42
    plan,
    CAST(monthly_fee AS DECIMAL(8, 2)) AS monthly_fee,                -- '12.99'      -> 12.99
    CAST(strptime(signup_date, '%m/%d/%Y') AS DATE) AS signup_date    -- '06/16/2021' -> 2021-06-16
FROM crm;

CREATE OR REPLACE VIEW invoices AS
SELECT
    account_no AS customer_no,
    CAST(strptime(period, '%Y%m') AS DATE) AS billing_month,          -- '202406'     -> 2024-06-01
    CAST(amount_cents / 100 AS DECIMAL(8, 2)) AS amount,              -- 1299         -> 12.99
    status = 'PAID' AS paid
FROM billing;
-- --8<-- [end:normalise]

-- --8<-- [start:revenue]
-- Per plan: what the CRM says customers owe (their fee for every billed month since signup),
-- against what billing invoiced and what it actually collected.
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
-- --8<-- [end:revenue]

-- --8<-- [start:issues]
-- Every row only one source knows about, or where the two sources disagree.
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
-- --8<-- [end:issues]
