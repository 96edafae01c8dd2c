window.YTD.connected_application.part0 = [
 {
  "connectedApplication": {
   "organization": {
    "name": "Planted Org",
    "url": ""
   },
   "name": "Planted Reader",
   "description": "",
   "permissions": [
    "read",
    "write"
   ],
   "approvedAt": "2026-03-16T00:00:00.000Z",
   "id": "9"
  }
 }
]