-- 0011: the FAI, the partner a region's notice goes to (agreement §4, §4.1: "den
-- Kooperationspartner über Aktivitäten in der Region informieren"), reads the regions'
-- activities and notices and acknowledges the notices itself. FAI staff and leadership
-- belong to no region, so the tenant policies alone would show them nothing; these
-- policies add their reach, reading the caller's roles once per statement like the rest.
CREATE POLICY partner_read ON lotse.activities FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY partner_read ON lotse.activity_notices FOR SELECT
    USING ((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')));
CREATE POLICY partner_acknowledges ON lotse.activity_notices FOR UPDATE
    USING ((SELECT lotse.caller_has_role('fai_staff')) OR (SELECT lotse.caller_has_role('fai_lead')))
    WITH CHECK ((SELECT lotse.caller_has_role('fai_staff'))
                OR (SELECT lotse.caller_has_role('fai_lead')));
