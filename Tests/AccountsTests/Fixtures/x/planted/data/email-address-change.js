window.YTD.email_address_change.part0 = [
 {
  "emailAddressChange": {
   "accountId": "1",
   "emailChange": {
    "changedAt": "2026-03-16T10:00:00.000Z",
    "changedFrom": "sanne@example.nl",
    "changedTo": "planted.x@example.com"
   }
  }
 }
]