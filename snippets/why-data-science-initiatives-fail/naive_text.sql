-- Second attempt: compare both keys as text. It runs, and matches nothing.
SELECT count(*) AS matched_invoices
FROM crm
JOIN billing ON crm.customer_id = CAST(billing.account_no AS VARCHAR);
