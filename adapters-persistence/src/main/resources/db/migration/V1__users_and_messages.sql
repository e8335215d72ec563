-- The users the gateway serves (PostgreSQL mode): managed with `gateway users add|remove|list`.
CREATE TABLE users (
  id bigint NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_pk PRIMARY KEY (id),
  CONSTRAINT users_id_positive CHECK (id > 0)
);

-- Message ids. Drawn only after the writing transaction holds the locks of both users involved
-- (see PostgresMessageStore), so each user's ids increase in commit order. Never reused; capped at
-- 2^53 - 1 so that a JavaScript number holds every id exactly.
CREATE SEQUENCE message_ids START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 9007199254740991 NO CYCLE;

-- Every stored message. Content and client_msg_id are kept as their UTF-8 bytes (bytea): a text
-- column cannot hold U+0000, which is well-formed UTF-8 and allowed on the wire.
-- status: 1 sent, 2 delivered, 3 read; it only ever moves up (UPDATE ... WHERE status < new).
CREATE TABLE messages (
  id bigint NOT NULL,
  sender bigint NOT NULL,
  recipient bigint NOT NULL,
  content_type varchar(16) NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL,
  status smallint NOT NULL,
  client_msg_id bytea,
  CONSTRAINT messages_pk PRIMARY KEY (id),
  CONSTRAINT messages_status_known CHECK (status BETWEEN 1 AND 3),
  CONSTRAINT messages_content_type_known CHECK (content_type IN ('text', 'voice', 'image'))
);

-- A retry with the same client_msg_id from the same sender is the same message. NULLs are
-- distinct, so messages without a client_msg_id are never merged. (Hidden from jOOQ's code
-- generator, whose DDL simulation cannot index a binary column; the code needs no key metadata.)
-- [jooq ignore start]
ALTER TABLE messages ADD CONSTRAINT messages_sender_client_msg_id_uk UNIQUE (sender, client_msg_id);
-- [jooq ignore stop]

-- Sync: a user's history is what they sent plus what they received, each walked by id.
CREATE INDEX messages_sender_id_idx ON messages (sender, id);
CREATE INDEX messages_recipient_id_idx ON messages (recipient, id);

-- The login push: a recipient's messages still in status sent, by id.
CREATE INDEX messages_undelivered_idx ON messages (recipient, status, id);
