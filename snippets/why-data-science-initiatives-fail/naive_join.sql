-- First attempt: join on the IDs exactly as they arrive ('C00042' in the CRM, 42 in billing).
SELECT count(*) AS matched_invoices
FROM crm
JOIN billing ON crm.customer_id = billing.account_no;
