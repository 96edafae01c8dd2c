window.YTD.account.part0 = [
 {
  "account": {
   "email": "sanne@example.nl",
   "createdVia": "web",
   "username": "sanne",
   "accountId": "1",
   "createdAt": "2015-01-01T00:00:00.000Z",
   "accountDisplayName": "Sanne"
  }
 }
]