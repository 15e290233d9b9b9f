include $(sort $(wildcard $(BR2_EXTERNAL_FOYER_PATH)/package/*/*.mk))
