print("lendaudit")
