int glossRegisterRowRules(void);
