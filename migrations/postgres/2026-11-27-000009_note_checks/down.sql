DROP TABLE note_checks;
