window.YTD.device_token.part0 = [
 {
  "deviceToken": {
   "clientApplicationId": "1",
   "clientApplicationName": "X for Android (Pixel 8)",
   "token": "AAAA",
   "createdAt": "2025-01-01T00:00:00.000Z",
   "lastSeenAt": "2026-03-20T00:00:00.000Z"
  }
 }
]