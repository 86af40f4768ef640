DROP TABLE custom_rules;
