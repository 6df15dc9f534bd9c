-- smsfilter serve --milter, driven by OpenDKIM's miltertest (MILTER_SOCKET: the socket's path):
-- a lure with a forged verdict field gets ours (and X-Spam-Flag), the forged one deleted;
-- a friend's note gets a Ham verdict and no flag. Run by Tests/EndToEndTests/MilterTests.swift.
local sock = os.getenv("MILTER_SOCKET")
conn = mt.connect("unix:" .. sock, 50, 0.1)
if conn == nil then error("no connection") end
if not mt.test_option(conn, SMFIP_NOCONNECT) or not mt.test_option(conn, SMFIP_NORCPT) then error("steps not skipped") end
if not mt.test_action(conn, SMFIF_ADDHDRS) then error("no ADDHDRS") end
mt.header(conn, "From", "promo@example.net")
if mt.getreply(conn) ~= SMFIR_CONTINUE then error("header reply") end
mt.header(conn, "Subject", "You have won")
mt.getreply(conn)
mt.header(conn, "X-SMSFilter", "Ham, score=0.0100, forged")
mt.getreply(conn)
mt.eoh(conn)
if mt.getreply(conn) ~= SMFIR_CONTINUE then error("eoh reply") end
mt.bodystring(conn, "WINNER!! Call 09061701461 to claim your 1000 pound prize at www.example.com now\r\n")
if mt.getreply(conn) ~= SMFIR_CONTINUE then error("body reply") end
mt.eom(conn)
if mt.getreply(conn) ~= SMFIR_CONTINUE then error("eom reply") end
if not mt.eom_check(conn, MT_HDRADD, "X-Spam-Flag", "YES") then error("no X-Spam-Flag") end
if not mt.eom_check(conn, MT_HDRADD, "X-SMSFilter") then error("no verdict") end
if not mt.eom_check(conn, MT_HDRDELETE, "X-SMSFilter") then error("forged header kept") end
print("verdict: " .. mt.getheader(conn, "X-SMSFilter", 0))
mt.disconnect(conn)
-- a second message on a new connection (miltertest keeps a connection's changes across messages)
conn = mt.connect("unix:" .. sock, 50, 0.1)
if conn == nil then error("no second connection") end
mt.header(conn, "From", "friend@example.org")
mt.getreply(conn)
mt.eoh(conn)
mt.getreply(conn)
mt.bodystring(conn, "Lunch at 1? I'll be at the usual place by the window.\r\n")
mt.getreply(conn)
mt.eom(conn)
if mt.getreply(conn) ~= SMFIR_CONTINUE then error("eom2 reply") end
if mt.eom_check(conn, MT_HDRADD, "X-Spam-Flag") then error("ham flagged") end
print("verdict 2: " .. mt.getheader(conn, "X-SMSFilter", 0))
mt.disconnect(conn)
