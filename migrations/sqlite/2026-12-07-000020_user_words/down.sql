DROP TABLE user_words;
