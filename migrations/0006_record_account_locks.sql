-- An administrator locking or unlocking an account is a change worth recording, and so is an
-- account locking itself after repeated failed sign-ins. 0002 declared users.lockout_end quiet
-- (a change to it alone wrote no history); only the failed-attempt counter stays quiet now.
drop trigger users_history_i on users;
drop trigger users_history_u on users;
drop trigger users_history_d on users;
select history_track('users', array['id'], array['access_failed_count']);
