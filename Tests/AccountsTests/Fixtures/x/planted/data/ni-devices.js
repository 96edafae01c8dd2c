window.YTD.ni_devices.part0 = [
 {
  "niDeviceResponse": {
   "messagingDevice": {
    "phoneNumber": "+31699887766",
    "carrier": "x",
    "deviceType": "Auth",
    "updatedDate": "2026.03.16",
    "createdDate": "2026.03.16"
   }
  }
 }
]