-- 0002: the 16 labour-market regions of North Rhine-Westphalia (reference data).
-- Names and areas as the regions publish them; `confirmed` marks those checked against
-- the region's own publication. Administrators keep them current; code never hard-codes them.
INSERT INTO lotse.regions (slug, name, areas, confirmed) VALUES
    ('mittleres-ruhrgebiet', 'Mittleres Ruhrgebiet', ARRAY['Bochum', 'Herne', 'Witten', 'Hattingen'], true),
    ('westfaelisches-ruhrgebiet', 'Westfälisches Ruhrgebiet', ARRAY['Dortmund', 'Hamm', 'Kreis Unna'], true),
    ('meo', 'MEO', ARRAY['Mülheim an der Ruhr', 'Essen', 'Oberhausen'], true),
    ('aachen', 'Region Aachen', ARRAY['StädteRegion Aachen', 'Kreis Düren', 'Kreis Euskirchen', 'Kreis Heinsberg'], true),
    ('duesseldorf-mettmann', 'Düsseldorf / Kreis Mettmann', ARRAY['Düsseldorf', 'Kreis Mettmann'], true),
    ('bonn-rhein-sieg', 'Bonn / Rhein-Sieg', ARRAY['Bonn', 'Rhein-Sieg-Kreis'], true),
    ('ostwestfalen-lippe', 'OstWestfalenLippe', ARRAY['Bielefeld', 'Kreis Gütersloh', 'Kreis Herford', 'Kreis Höxter', 'Kreis Lippe', 'Kreis Minden-Lübbecke', 'Kreis Paderborn'], true),
    ('muensterland', 'Münsterland', ARRAY['Münster', 'Kreis Borken', 'Kreis Coesfeld', 'Kreis Steinfurt', 'Kreis Warendorf'], false),
    ('koeln', 'Region Köln', ARRAY['Köln', 'Leverkusen', 'Rhein-Erft-Kreis', 'Oberbergischer Kreis', 'Rheinisch-Bergischer Kreis'], false),
    ('bergisches-staedtedreieck', 'Bergisches Städtedreieck', ARRAY['Wuppertal', 'Solingen', 'Remscheid'], false),
    ('emscher-lippe', 'Emscher-Lippe', ARRAY['Gelsenkirchen', 'Bottrop', 'Kreis Recklinghausen'], false),
    ('mittlerer-niederrhein', 'Mittlerer Niederrhein', ARRAY['Krefeld', 'Mönchengladbach', 'Rhein-Kreis Neuss', 'Kreis Viersen'], false),
    ('niederrhein', 'NiederRhein', ARRAY['Duisburg', 'Kreis Wesel', 'Kreis Kleve'], false),
    ('maerkische-region', 'Märkische Region', ARRAY['Hagen', 'Märkischer Kreis', 'Ennepe-Ruhr-Kreis (ohne Witten, Hattingen)'], false),
    ('hellweg-hochsauerland', 'Hellweg-Hochsauerland', ARRAY['Kreis Soest', 'Hochsauerlandkreis'], false),
    ('siegen-wittgenstein-olpe', 'Siegen-Wittgenstein / Olpe', ARRAY['Kreis Siegen-Wittgenstein', 'Kreis Olpe'], false);
