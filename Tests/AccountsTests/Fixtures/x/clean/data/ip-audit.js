window.YTD.ip_audit.part0 = [
 {
  "ipAudit": {
   "accountId": "1",
   "createdAt": "2026-01-10T09:00:00.000Z",
   "loginIp": "192.0.2.10",
   "loginPortNumber": "40000"
  }
 }
]